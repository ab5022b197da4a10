"""An example scheme plugin: a province's overlay of the built-in ``five-in-place`` scheme.

The package ships its scheme as a TOML file; ``scheme`` points at it.  dangjian_core reads
the file as data — nothing in it is executed.
"""

from importlib.resources import files

scheme = files(__name__) / "shanxi-five-in-place.toml"
