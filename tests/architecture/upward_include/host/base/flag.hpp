// A primitive every layer may use.
#pragma once
