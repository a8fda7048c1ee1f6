"""Reliability: bad inputs, hostile page text and broken runs, each made by the test itself."""
