# Warnings, assertions and sanitizers, applied per target through bitstamp_set_options().

# Assertions stay on in every build type: they guard programmer errors (TIGER_STYLE).
string(REPLACE "-DNDEBUG" "" CMAKE_CXX_FLAGS_RELEASE "${CMAKE_CXX_FLAGS_RELEASE}")
string(REPLACE "-DNDEBUG" "" CMAKE_CXX_FLAGS_RELWITHDEBINFO "${CMAKE_CXX_FLAGS_RELWITHDEBINFO}")

function(bitstamp_set_options target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
                                           -Wno-sign-conversion -Werror=return-type)
  if(CMAKE_CXX_COMPILER_ID STREQUAL "GNU" AND CMAKE_CXX_COMPILER_VERSION VERSION_LESS 13)
    # GCC 12 reports impossible overlaps in std::string concatenation at -O2 (GCC bug 105329).
    target_compile_options(${target} PRIVATE -Wno-restrict)
  endif()
  if(BITSTAMP_SANITIZE)
    # -O1, as the sanitizers' own docs advise: Debug's -O0 made the simulation ~40x slower.
    target_compile_options(${target} PRIVATE -fsanitize=address,undefined -fno-omit-frame-pointer
                                             -fno-sanitize-recover=undefined -O1)
    target_link_options(${target} PRIVATE -fsanitize=address,undefined)
  endif()
endfunction()

# Every pure core (the kernel, each connector's core) stays free of I/O, clocks, threads and
# randomness: configuring fails if one of its files includes such a header.
function(bitstamp_check_pure directory)
  file(GLOB_RECURSE pure_files CONFIGURE_DEPENDS ${directory}/src/*.cpp ${directory}/src/*.hpp
       ${directory}/include/*.hpp)
  set(forbidden_includes curl/ openssl/ sqlite3 fstream iostream thread random filesystem chrono
      cstdlib sys/ unistd.h)
  foreach(file ${pure_files})
    file(STRINGS ${file} include_lines REGEX "^[ \t]*#[ \t]*include")
    foreach(line ${include_lines})
      foreach(forbidden ${forbidden_includes})
        string(FIND "${line}" "<${forbidden}" hit)
        if(NOT hit EQUAL -1)
          message(FATAL_ERROR "a core must stay pure: ${file} has '${line}'")
        endif()
      endforeach()
    endforeach()
  endforeach()
endfunction()
