# joinery_add_plugin(<target> SOURCES <files...> [OUTPUT_NAME <file stem>])
#
# Builds a joinery plugin library the way the host expects to load it: a MODULE
# library, hidden symbol visibility (only joinery_plugin_entry is exported), no
# "lib" prefix, no undefined symbols left to the loader, linked to
# joinery::plugin_api. Bundled plugins are built with this same function.
function(joinery_add_plugin target)
  cmake_parse_arguments(PARSE_ARGV 1 arg "" "OUTPUT_NAME" "SOURCES")
  add_library(${target} MODULE ${arg_SOURCES})
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
