// The joinery C++ plugin SDK: write providers and backends as C++ classes; the SDK
// fills in the C tables of <joinery/plugin.h> and stops every exception at the
// boundary. Header-only; needs C++17 (sdk/language_level.hpp stops an older
// standard with a clear error).
#pragma once

#include <joinery/sdk/language_level.hpp>

#include <joinery/plugin.h>
#include <joinery/sdk/address_sink.hpp>
#include <joinery/sdk/backend.hpp>
#include <joinery/sdk/call.hpp>
#include <joinery/sdk/config.hpp>
#include <joinery/sdk/description.hpp>
#include <joinery/sdk/duration.hpp>
#include <joinery/sdk/entry.hpp>
#include <joinery/sdk/guard.hpp>
#include <joinery/sdk/host_port.hpp>
#include <joinery/sdk/provider.hpp>
#include <joinery/sdk/status.hpp>
