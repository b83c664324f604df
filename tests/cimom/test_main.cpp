#define BOOST_TEST_MODULE cimom
#include <boost/test/unit_test.hpp>
