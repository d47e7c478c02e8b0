"""inventory.synthetic: a small synthetic build has the expected rows and feeds the queries."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from inventory import queries
from inventory.database import make_engine, session_scope
from inventory.filters import Filters
from inventory.models import Facility, FacilityCriterion, Figure, Municipality, Organisation, Source
from inventory.synthetic import ENTERED_BY, SOURCE_KEY, build_synthetic


def test_small_synthetic_build(tmp_path: Path) -> None:
    engine = make_engine(f"sqlite:///{tmp_path / 'synthetic.sqlite'}")
    try:
        report = build_synthetic(engine, municipalities=20, facilities_per_municipality=2, years=1, seed=7)
        assert report.municipalities == 20
        assert report.facilities == 40
        assert report.figures == 40 * 12 * 3
        with session_scope(engine) as session:
            count = lambda model: session.scalar(select(func.count()).select_from(model))  # noqa: E731
            assert count(Municipality) == 342  # the real municipalities, only 20 of them get offers
            assert count(Facility) == 40
            assert count(Organisation) == 20
            assert count(Figure) == 1440
            assert count(FacilityCriterion) == report.criteria >= 40
            source = session.scalars(select(Source).where(Source.key == SOURCE_KEY)).one()
            assert "SYNTHETIC TEST DATA" in source.title and "not real" in source.title
            assert set(session.scalars(select(Figure.entered_by).distinct())) == {ENTERED_BY}
            assert set(session.scalars(select(Figure.source_id).distinct())) == {source.id}
            assert all(k.startswith("synthetic-") for k in session.scalars(select(Facility.key)))

            assert queries.reference_years(session) == [2024]  # one year: the default end year
            year = 2024
            overview = queries.municipality_overview(session, Filters(year=year))
            assert len(overview) == 342
            with_offers = overview[overview["facilities"] > 0]
            assert len(with_offers) == 20
            assert with_offers["has_figures"].all()
            # Persons are reported for every facility (no day-centre exclusion applies to them).
            assert with_offers["persons_display"].notna().all()
            assert (with_offers["persons_high"].astype(float) >= 0).all()
            assert overview.loc[overview["facilities"] == 0, "persons_display"].isna().all()

            figures = queries.figures(
                session, Filters(year=year, municipality=with_offers["municipality_code"].iloc[0])
            )
            assert len(figures) == 2 * 12 * 3
            assert figures["display_value"].notna().all()
            assert (figures["source_title"] == source.title).all()
    finally:
        engine.dispose()


def test_synthetic_build_is_deterministic(tmp_path: Path) -> None:
    values = []
    for name in ("a", "b"):
        engine = make_engine(f"sqlite:///{tmp_path / name}.sqlite")
        build_synthetic(engine, municipalities=3, facilities_per_municipality=1, years=1, seed=3)
        with session_scope(engine) as session:
            values.append(session.execute(select(Figure.key, Figure.value).order_by(Figure.key)).all())
        engine.dispose()
    assert values[0] == values[1]
