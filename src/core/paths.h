// Where sitrep finds its own data (data/, models/) and third-party data (../shared).
// Resolution order, first hit wins:
//   resource root: $SITREP_HOME; the folder above the executable's folder when it holds
//                  data/ (a checkout's build/sitrep); the source tree it was built from.
//   shared data:   $SITREP_SHARED; <resource root>/../shared.
//   build outputs: $SITREP_BUILD_DIR; the executable's own folder (e.g. build/gazetteer.bin).
#pragma once

#include <filesystem>

namespace sitrep {

std::filesystem::path resource_root();
std::filesystem::path data_dir();     // <root>/data
std::filesystem::path models_dir();   // <root>/models
std::filesystem::path shared_dir();   // third-party data: GeoNames, UD, seeds, eval
std::filesystem::path build_dir();    // artefacts compiled at set-up time (gazetteer.bin)

}  // namespace sitrep
