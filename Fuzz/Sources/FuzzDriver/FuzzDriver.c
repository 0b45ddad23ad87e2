// Only the declaration in include/FuzzDriver.h is needed; SwiftPM wants a C target to have a source file.
#include "FuzzDriver.h"
