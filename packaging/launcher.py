"""The bundled app's entry point: the `workshop-app` command line, or the window without one.

The GUI builds its export previews in a child process started as `sys.executable -m
workshop_app.report.build_process` (report/build_process.py says why). In the bundle
sys.executable is this program, which has no `-m`, so that one form is answered here.
"""

import sys

if sys.argv[1:3] == ["-m", "workshop_app.report.build_process"]:
    if sys.stdout is None:
        # A windowed Windows program may have no standard output even when piped; exit 1
        # then, and the window builds the preview in its own process instead.
        sys.exit(1)
    from workshop_app.report.build_process import main
else:
    from workshop_app.cli import main

sys.exit(main())
