//===--- no_bundle.cpp - The generator itself links no bundle ------------------------------===//
#include "detectors/precompiled.h"

namespace secretls::detectors {
std::string_view linked_bundle_bytes() {
    return {};
}
} // namespace secretls::detectors
