# A committed regression holds: `simulate` with its arguments finds every invariant intact
# (exit 0), and `replay` reads its trace with the same page size (exit 0).
# Inputs: PROGRAM, ARGS_FILE, CAPTURE.
file(STRINGS ${ARGS_FILE} args_line LIMIT_COUNT 1)
separate_arguments(args UNIX_COMMAND "${args_line}")
execute_process(COMMAND ${PROGRAM} simulate ${args} RESULT_VARIABLE simulate_exit OUTPUT_VARIABLE simulate_out)
if(NOT simulate_exit EQUAL 0)
  message(FATAL_ERROR "simulate ${args_line} exited ${simulate_exit}:\n${simulate_out}")
endif()
set(page_size 1000)
if(args_line MATCHES "--page-size ([0-9]+)")
  set(page_size ${CMAKE_MATCH_1})
endif()
execute_process(COMMAND ${PROGRAM} replay ${CAPTURE} --page-size ${page_size} --quiet
                RESULT_VARIABLE replay_exit OUTPUT_QUIET ERROR_VARIABLE replay_err)
if(NOT replay_exit EQUAL 0)
  message(FATAL_ERROR "replay ${CAPTURE} exited ${replay_exit}:\n${replay_err}")
endif()
