# vouchd::warnings: the warning set every vouchd target compiles with (style.md §5).
add_library(vouchd_warnings INTERFACE)
add_library(vouchd::warnings ALIAS vouchd_warnings)
target_compile_options(vouchd_warnings INTERFACE
  -Wall -Wextra -Wpedantic -Wshadow -Wconversion -Wnon-virtual-dtor -Wimplicit-fallthrough -Werror)
