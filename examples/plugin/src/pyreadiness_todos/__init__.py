"""Example pyreadiness plugin: work markers left in shipped source."""

from pyreadiness_todos.checker import TodoChecker

__all__ = ["TodoChecker"]
