// Allowed: join links base.
#pragma once
#include "base/flag.hpp"
