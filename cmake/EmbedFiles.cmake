# cimdouble_embed_files(TARGET FUNCTION BASE_DIR FILES...): a static library whose one
# function, cimdouble::embedded::FUNCTION(), returns the files (path relative to BASE_DIR ->
# text). Regenerated when a file changes; see embed_files.cmake.
function(cimdouble_embed_files target function base_dir)
  set(generated ${CMAKE_CURRENT_BINARY_DIR}/${target}.cpp)
  string(REPLACE ";" "|" file_list "${ARGN}")
  add_custom_command(
    OUTPUT ${generated}
    COMMAND ${CMAKE_COMMAND} -DOUTPUT=${generated} -DBASE_DIR=${base_dir} -DFUNCTION=${function}
            "-DFILES=${file_list}" -P ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    DEPENDS ${ARGN} ${PROJECT_SOURCE_DIR}/cmake/embed_files.cmake
    COMMENT "Embedding ${target}"
    VERBATIM)
  add_library(${target} STATIC ${generated})
endfunction()
