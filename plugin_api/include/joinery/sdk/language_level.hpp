// The C++ SDK needs C++17 (std::string_view, std::optional, inline variables).
// Every SDK header includes this first, so a vendor building with an older
// standard gets one clear message instead of pages of errors from inside the SDK.
#pragma once

// MSVC reports 199711L in __cplusplus unless /Zc:__cplusplus is given; _MSVC_LANG
// is its real language level.
#if defined(_MSVC_LANG) && _MSVC_LANG > __cplusplus
#define JOINERY_SDK_CPLUSPLUS _MSVC_LANG
#else
#define JOINERY_SDK_CPLUSPLUS __cplusplus
#endif

#if JOINERY_SDK_CPLUSPLUS < 201703L
#error "the joinery C++ SDK needs C++17 or later (-std=c++17)"
#endif
