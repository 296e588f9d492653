"""OData v4 protocol pieces with no Singer knowledge."""
