package ai.matrix.architect.e2e;

import java.util.Map;

/** Python projects for the recipe tests: old-style code with a real pytest suite, and an already tidy one. */
final class PythonFixtures {
    private PythonFixtures() {}

    static final String PYPROJECT = """
            [project]
            name = "inventory"
            version = "0.1.0"
            requires-python = ">=3.11"

            [tool.pytest.ini_options]
            testpaths = ["tests"]
            """;

    /** % formatting, typing.List/Dict/Optional, unused and unsorted imports, single quotes. */
    static final String OLD_STYLE = """
            import sys
            import os
            from typing import List, Dict, Optional


            def describe(name, count):
                return "%s: %s items" % (name, count)


            def totals(items: List[int]) -> Dict[str, int]:
                return {'total': sum(items), 'count': len(items)}


            def first(items: List[str]) -> Optional[str]:
                return items[0] if items else None
            """;

    static final String TESTS = """
            from inventory import totals, describe, first
            import unittest


            class InventoryTest(unittest.TestCase):
                def test_describe(self):
                    self.assertEqual(describe("apples", 3), "apples: 3 items")

                def test_totals(self):
                    self.assertEqual(totals([1, 2, 3]), {"total": 6, "count": 3})

                def test_first(self):
                    self.assertEqual(first(["a", "b"]), "a")
                    self.assertIsNone(first([]))
            """;

    /** The same project written the modern way and formatted as black writes it. */
    static final String TIDY = """
            def describe(name, count):
                return f"{name}: {count} items"


            def totals(items: list[int]) -> dict[str, int]:
                return {"total": sum(items), "count": len(items)}


            def first(items: list[str]) -> str | None:
                return items[0] if items else None
            """;

    /** The tests with their imports as isort and black leave them. */
    static final String TIDY_TESTS = TESTS.replace(
            "from inventory import totals, describe, first\nimport unittest\n",
            "import unittest\n\nfrom inventory import describe, first, totals\n");

    static Map<String, String> oldStyle() {
        return Map.of("pyproject.toml", PYPROJECT, "inventory.py", OLD_STYLE, "tests/test_inventory.py", TESTS);
    }

    static Map<String, String> tidy() {
        return Map.of("pyproject.toml", PYPROJECT, "inventory.py", TIDY, "tests/test_inventory.py", TIDY_TESTS);
    }
}
