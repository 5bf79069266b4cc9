# Runs `bitstamp-connector replay CAPTURE --tasks TASKS --strict` and requires its standard output to equal GOLDEN
# and its exit status to be the expected one.
# A capture recorded with other replay options keeps them beside it: NAME.args ("--page-size 2").
get_filename_component(output_dir ${OUTPUT} DIRECTORY)
file(MAKE_DIRECTORY ${output_dir})
string(REGEX REPLACE "\\.jsonl$" ".args" args_file ${CAPTURE})
set(extra_args "")
if(EXISTS ${args_file})
  file(READ ${args_file} extra_args)
  string(STRIP "${extra_args}" extra_args)
  separate_arguments(extra_args UNIX_COMMAND "${extra_args}")
endif()
# A capture that shows a failure on purpose (an abandoned cycle) keeps the exit status
# `--strict` must give beside it: NAME.exit ("3"); 0 otherwise.
string(REGEX REPLACE "\\.jsonl$" ".exit" exit_file ${CAPTURE})
set(expected_status 0)
if(EXISTS ${exit_file})
  file(READ ${exit_file} expected_status)
  string(STRIP "${expected_status}" expected_status)
endif()
execute_process(COMMAND ${PROGRAM} replay ${CAPTURE} --tasks ${TASKS} --strict ${extra_args}
                OUTPUT_FILE ${OUTPUT} ERROR_VARIABLE log RESULT_VARIABLE status)
if(NOT status EQUAL expected_status)
  message(FATAL_ERROR "replay exited ${status}, expected ${expected_status}:\n${log}")
endif()
execute_process(COMMAND ${CMAKE_COMMAND} -E compare_files ${OUTPUT} ${GOLDEN} RESULT_VARIABLE differ)
if(NOT differ EQUAL 0)
  message(FATAL_ERROR "replay output ${OUTPUT} differs from ${GOLDEN}")
endif()
