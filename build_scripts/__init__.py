"""Build scripts: datapackages → validate → progress → charts → pages → site."""
