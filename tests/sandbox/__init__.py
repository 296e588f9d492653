"""Tests of the Brightmetrics sandbox server."""
