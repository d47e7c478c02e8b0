"""DCAT-AP-NL 3.0 metadata of the dataset (JSON-LD), so a national or European open data portal
can harvest it: one dataset with a distribution per table and format, and the API as a data
service. The same description goes into every data package, pointing at the package's files.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from inventory import __version__
from inventory.columns import TABLE_TITLES, TABLES
from inventory.models import Aggregate, Figure, Outcome

EU = "http://publications.europa.eu/resource/authority"
PACKAGE_FILE = "catalog.jsonld"
CONTEXT = {
    "dcat": "http://www.w3.org/ns/dcat#",
    "dct": "http://purl.org/dc/terms/",
    "foaf": "http://xmlns.com/foaf/0.1/",
    "vcard": "http://www.w3.org/2006/vcard/ns#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "adms": "http://www.w3.org/ns/adms#",
    "owl": "http://www.w3.org/2002/07/owl#",
}
LICENCE_URI = f"{EU}/licence/CC_BY_4_0"
FILE_TYPES = {"csv": f"{EU}/file-type/CSV", "json": f"{EU}/file-type/JSON"}
MEDIA_TYPES = {
    "csv": "https://www.iana.org/assignments/media-types/text/csv",
    "json": "https://www.iana.org/assignments/media-types/application/json",
}
TITLE = {
    "nl": "Opvangmonitor: opvang voor migranten zonder verblijfsrecht in Nederland",
    "en": "Opvangmonitor: shelter for migrants without legal residence in the Netherlands",
}
DESCRIPTION = {
    "nl": "Landelijke inventarisatie van opvang voor migranten zonder verblijfsrecht: per gemeente het "
    "opvangaanbod, plaatsen, bezetting en wachtlijsten door de tijd, en de gepubliceerde landelijke tabellen "
    "(waaronder de inventarisatie 2017 van Amnesty International en Stichting LOS). Elk cijfer met bron, regel "
    "en peilperiode. Geen adressen: de gemeente is de fijnste geografie.",
    "en": "National inventory of shelter for migrants without legal residence: per municipality the shelter "
    "offers, places, occupancy and waiting lists over time, and the published national tables (including the "
    "2017 inventory by Amnesty International and Stichting LOS). Every figure with its source, line and "
    "reference period. No addresses: the municipality is the finest geography.",
}
KEYWORDS = {
    "nl": ["opvang", "ongedocumenteerden", "bed-bad-brood", "LVV", "gemeenten", "migratie"],
    "en": ["shelter", "undocumented migrants", "bed-bath-bread", "LVV", "municipalities", "migration"],
}


def _text(values: dict[str, str]) -> list[dict[str, str]]:
    return [{"@value": text, "@language": lang} for lang, text in values.items()]


def temporal_coverage(session: Session) -> tuple[dt.date | None, dt.date | None]:
    """The first period start and the last period end of any figure, aggregate or outcome."""
    starts, ends = [], []
    for model in (Figure, Aggregate, Outcome):
        first, last = session.execute(select(func.min(model.period_start), func.max(model.period_end))).one()
        starts += [first] if first is not None else []
        ends += [last] if last is not None else []
    as_date = [dt.date.fromisoformat(v) if isinstance(v, str) else v for v in (*starts, *ends)]
    first_start = min(as_date[: len(starts)], default=None)
    last_end = max(as_date[len(starts) :], default=None)
    return first_start, last_end


def distribution(identifier: str, title: str, url: str, fmt: str, *, download: bool = True) -> dict[str, Any]:
    out: dict[str, Any] = {
        "@id": identifier,
        "@type": "dcat:Distribution",
        "dct:title": title,
        "dcat:accessURL": {"@id": url},
        "dct:format": {"@id": FILE_TYPES[fmt]},
        "dcat:mediaType": {"@id": MEDIA_TYPES[fmt]},
        "dct:license": {"@id": LICENCE_URI},
        "dct:rights": "CC BY 4.0 (Opvangmonitor); figures quoted from the sources named on every row",
    }
    if download:
        out["dcat:downloadURL"] = {"@id": url}
    return out


def catalog_document(
    base: str,
    distributions: Sequence[dict[str, Any]],
    modified: dt.datetime | None,
    coverage: tuple[dt.date | None, dt.date | None],
    service: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """The catalogue with its one dataset; `base` names the dataset (the API's URL, or a package's
    own folder for the copy inside a data package)."""
    publisher = {"@id": f"{base}#publisher", "@type": "foaf:Agent", "foaf:name": "Opvangmonitor"}
    dataset: dict[str, Any] = {
        "@id": f"{base}#dataset",
        "@type": "dcat:Dataset",
        "dct:identifier": f"{base}#dataset",
        "dct:title": _text(TITLE),
        "dct:description": _text(DESCRIPTION),
        "dcat:keyword": [{"@value": k, "@language": lang} for lang, words in KEYWORDS.items() for k in words],
        "dct:publisher": publisher,
        "dcat:contactPoint": {"@type": "vcard:Organization", "vcard:fn": "Opvangmonitor", "vcard:hasURL": base},
        "dcat:theme": [{"@id": f"{EU}/data-theme/SOCI"}, {"@id": f"{EU}/data-theme/GOVE"}],
        "dct:language": [{"@id": f"{EU}/language/NLD"}, {"@id": f"{EU}/language/ENG"}],
        "dct:spatial": {"@id": f"{EU}/country/NLD"},
        "dct:accessRights": {"@id": f"{EU}/access-right/PUBLIC"},
        "dct:license": {"@id": LICENCE_URI},
        "owl:versionInfo": __version__,
        "dcat:distribution": list(distributions),
    }
    if modified is not None:
        dataset["dct:modified"] = {"@value": modified.isoformat(timespec="seconds"), "@type": "xsd:dateTime"}
    start, end = coverage
    if start is not None and end is not None:
        dataset["dct:temporal"] = {
            "@type": "dct:PeriodOfTime",
            "dcat:startDate": {"@value": start.isoformat(), "@type": "xsd:date"},
            "dcat:endDate": {"@value": end.isoformat(), "@type": "xsd:date"},
        }
    catalog: dict[str, Any] = {
        "@context": CONTEXT,
        "@id": f"{base}#catalog",
        "@type": "dcat:Catalog",
        "dct:title": _text(TITLE),
        "dct:description": _text(DESCRIPTION),
        "dct:publisher": publisher,
        "dct:license": {"@id": LICENCE_URI},
        "dct:language": [{"@id": f"{EU}/language/NLD"}, {"@id": f"{EU}/language/ENG"}],
        "dcat:dataset": [dataset],
    }
    if service is not None:
        service = {**service, "dcat:servesDataset": {"@id": dataset["@id"]}}
        catalog["dcat:service"] = [service]
    return catalog


def catalog(session: Session, api: str, modified: dt.datetime | None) -> dict[str, Any]:
    """The catalogue of the live API at `api` (its absolute base URL, ending in /api/v1)."""
    distributions = [
        distribution(f"{api}/{table}.{fmt}", f"{TABLE_TITLES[table]} ({fmt.upper()})", f"{api}/{table}.{fmt}", fmt)
        for table in TABLES
        for fmt in ("csv", "json")
    ]
    service = {
        "@id": f"{api}#api",
        "@type": "dcat:DataService",
        "dct:title": "Opvangmonitor data API",
        "dcat:endpointURL": {"@id": api},
        "dcat:endpointDescription": {"@id": f"{api}/openapi.json"},
        "dct:license": {"@id": LICENCE_URI},
    }
    return catalog_document(api, distributions, modified, temporal_coverage(session), service)


def package_catalog(
    resources: Sequence[tuple[str, str]], created: dt.datetime, coverage: tuple[dt.date | None, dt.date | None]
) -> dict[str, Any]:
    """The catalogue inside a data package: one distribution per CSV file (`resources` are
    (name, path) pairs), IRIs relative to the package folder."""
    distributions = [
        distribution(f"#{name}", TABLE_TITLES.get(name, name) + " (CSV)", path, "csv") for name, path in resources
    ]
    return catalog_document("datapackage.json", distributions, created, coverage)
