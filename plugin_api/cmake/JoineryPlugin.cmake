# joinery_add_plugin(<target> SOURCES <files...> [OUTPUT_NAME <file stem>]
#                    [SHARED_CXX_RUNTIME])
#
# Builds a joinery plugin library the way the host expects to load it: a MODULE
# library, hidden symbol visibility (only joinery_plugin_entry is exported), no
# "lib" prefix, no undefined symbols left to the loader, linked to
# joinery::plugin_api. Bundled plugins are built with this same function.
#
# On Linux a linker version script (joinery-plugin.map, installed beside this file)
# leaves joinery_plugin_entry the one exported symbol.
#
# SHARED_CXX_RUNTIME: link libstdc++.so rather than a private static copy. Pass it
# when the plugin links another C++ shared library (a vendor SDK) that exchanges
# C++ objects with it, so both use one runtime.
set(JOINERY_PLUGIN_VERSION_SCRIPT ${CMAKE_CURRENT_LIST_DIR}/joinery-plugin.map)

function(joinery_add_plugin target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "SHARED_CXX_RUNTIME" "OUTPUT_NAME" "SOURCES")
  add_library(${target} MODULE ${arg_SOURCES})
  # Every plugin target, so that a test can check each one the build makes.
  set_property(GLOBAL APPEND PROPERTY JOINERY_PLUGIN_TARGETS ${target})
  target_link_libraries(${target} PRIVATE joinery::plugin_api)
  set_target_properties(${target} PROPERTIES
    PREFIX ""
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  if(arg_OUTPUT_NAME)
    set_target_properties(${target} PROPERTIES OUTPUT_NAME ${arg_OUTPUT_NAME})
  endif()
  if(NOT CMAKE_CXX_COMPILER_ID STREQUAL "AppleClang")
    target_link_options(${target} PRIVATE "LINKER:--no-undefined")
  endif()
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    target_link_options(${target} PRIVATE "LINKER:--version-script=${JOINERY_PLUGIN_VERSION_SCRIPT}")
    set_property(TARGET ${target} APPEND PROPERTY LINK_DEPENDS ${JOINERY_PLUGIN_VERSION_SCRIPT})
  endif()
  # The C++ runtime is linked in (static libstdc++ and libgcc, their symbols kept
  # hidden): loading the plugin then does not load, relocate and initialise
  # libstdc++.so, which costs a run about 0.5 ms (docs/benchmarks.md), and the .so
  # ships alone. Nothing C++ crosses the plugin ABI, so a runtime of its own in each
  # plugin is safe. Not under the sanitizers, which want the shared runtime.
  if(CMAKE_SYSTEM_NAME STREQUAL "Linux" AND NOT JOINERY_SANITIZE AND NOT arg_SHARED_CXX_RUNTIME
     AND CMAKE_CXX_COMPILER_ID MATCHES "^(GNU|Clang)$")
    target_link_options(${target} PRIVATE -static-libstdc++ -static-libgcc
                        "LINKER:--exclude-libs,libstdc++.a:libgcc.a:libgcc_eh.a")
  endif()
  if(DEFINED JOINERY_PLUGIN_OUTPUT_DIR)
    set_target_properties(${target} PROPERTIES LIBRARY_OUTPUT_DIRECTORY ${JOINERY_PLUGIN_OUTPUT_DIR})
  endif()
endfunction()

# joinery_plugin_static_library(<target> <sources...>)
#
# A static library holding a plugin's logic, to link into the plugin module and into
# its tests: position-independent, hidden visibility (nothing of it is exported from
# the module), linked to joinery::plugin_api, its folder on the include path.
function(joinery_plugin_static_library target)
  add_library(${target} STATIC ${ARGN})
  target_include_directories(${target} PUBLIC ${CMAKE_CURRENT_SOURCE_DIR})
  target_link_libraries(${target} PUBLIC joinery::plugin_api)
  set_target_properties(${target} PROPERTIES
    POSITION_INDEPENDENT_CODE ON
    C_VISIBILITY_PRESET hidden
    CXX_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
endfunction()
