"""The maintainer's tools, beside the pipeline: normalize an Excel export, describe a data change, check revisions, report on a pull request."""
