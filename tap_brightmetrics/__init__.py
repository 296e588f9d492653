"""Singer tap for the Brightmetrics contact-centre analytics OData API."""
