#define BOOST_TEST_MODULE wsman
#include <boost/test/unit_test.hpp>
