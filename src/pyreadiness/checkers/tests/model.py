"""Names the tests checker's modules share."""

CHECK_ID = "tests"
