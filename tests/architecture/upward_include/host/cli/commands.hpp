// The top layer's header: no library below cli may include it.
#pragma once
