"""Arabic number formats: group thousands (Django's Arabic locale does not), Western digits, "." decimals.

Figures such as 1,000,000 treatments must read as grouped numbers on Arabic pages too.
"""

DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3
