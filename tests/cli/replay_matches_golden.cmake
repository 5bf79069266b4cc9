# Runs `bitstamp-connector replay CAPTURE --tasks TASKS --strict` and requires its standard output to equal GOLDEN.
get_filename_component(output_dir ${OUTPUT} DIRECTORY)
file(MAKE_DIRECTORY ${output_dir})
execute_process(COMMAND ${PROGRAM} replay ${CAPTURE} --tasks ${TASKS} --strict
                OUTPUT_FILE ${OUTPUT} ERROR_VARIABLE log RESULT_VARIABLE status)
if(NOT status EQUAL 0)
  message(FATAL_ERROR "replay exited ${status}:\n${log}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUTPUT} ${GOLDEN} RESULT_VARIABLE differ)
if(NOT differ EQUAL 0)
  message(FATAL_ERROR "replay output ${OUTPUT} differs from ${GOLDEN}")
endif()
