# `cmake --install` of cimdouble: the binary, the public header (include/cimdouble/) and the
# static libraries behind cimdouble::cimdouble, exported so that a test project finds them with
# find_package(cimdouble) and links one target, whatever the archives' order (CMake orders them
# from the exported dependencies). Internal headers are not installed: nothing public includes
# them. Tests have no install rules, so installing needs only the libraries and the binary.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

# A project that add_subdirectory()s cimdouble installs none of it unless it asks to.
option(CIMDOUBLE_INSTALL "Install cimdouble's binary, header and CMake package" ${PROJECT_IS_TOP_LEVEL})
if(NOT CIMDOUBLE_INSTALL)
  return()
endif()

set(cimdouble_cmake_dir ${CMAKE_INSTALL_LIBDIR}/cmake/cimdouble)

install(TARGETS cimdouble RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
# Every static library cimdouble_embed links, directly or not: a static library's private
# dependencies are still link dependencies of whoever links it, so they are exported too.
install(TARGETS cimdouble_embed cimdouble_app cimdouble_control cimdouble_wsman cimdouble_cimxml cimdouble_xml cimdouble_http cimdouble_jobs
                cimdouble_cimom cimdouble_schema cimdouble_fixtures cimdouble_time
        EXPORT cimdoubleTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}/cimdouble)
install(DIRECTORY ${PROJECT_SOURCE_DIR}/include/cimdouble DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(EXPORT cimdoubleTargets NAMESPACE cimdouble:: DESTINATION ${cimdouble_cmake_dir})

configure_package_config_file(${CMAKE_CURRENT_LIST_DIR}/cimdoubleConfig.cmake.in
                              ${PROJECT_BINARY_DIR}/cimdoubleConfig.cmake
                              INSTALL_DESTINATION ${cimdouble_cmake_dir})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/cimdoubleConfigVersion.cmake
                                 COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/cimdoubleConfig.cmake ${PROJECT_BINARY_DIR}/cimdoubleConfigVersion.cmake
        DESTINATION ${cimdouble_cmake_dir})
