"""The command line behind ``app.py`` and the ``atrisk`` console script: one module per
command, each with ``add_parser(commands)`` (its flags) and ``run(args, settings)`` (what it
does, returning the exit code); :mod:`cli.main` puts them together."""
