"""The pages' URL paths, in menu order: overview (also the start page, at "/"), map,
municipality, tables, coverage, sign-in, the editors' page, administration, and a figure's
permalink page (not in the menu). The navigation and the unknown-path redirect both read them."""

PAGE_PATHS = ("overzicht", "kaart", "gemeente", "tabellen", "dekking", "inloggen", "mijn-cijfers", "beheer", "cijfer")
