"""Run the tap with `python -m tap_brightmetrics`."""

from tap_brightmetrics.tap import main

main()
