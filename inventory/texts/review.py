"""Texts of the review desk (Beheer) and its refusals: the queue's columns, what a pending figure
would replace, superseded entries, and a decision someone else took first."""

from __future__ import annotations

TEXT: dict[str, tuple[str, str]] = {
    "review_col_subject": ("Gemeente — voorziening", "Municipality — facility"),
    "review_col_measure": ("Maat", "Measure"),
    "review_col_value": ("Nieuw cijfer", "New figure"),
    "review_col_date": ("Peildatum", "Reference date"),
    "review_col_replaces": ("Vervangt (nu vastgesteld)", "Replaces (established now)"),
    "review_col_state": ("Te beslissen", "To decide"),
    "review_col_entered_by": ("Ingevoerd door", "Entered by"),
    "review_detail_entered": ("Ingevoerd door {by} op {at}.", "Entered by {by} on {at}."),
    "review_detail_note": (
        "Verkregen: {how}. Toelichting van de invoerder: {note}",
        "How obtained: {how}. Note by the editor: {note}",
    ),
    "review_detail_explanation": (
        "Uitleg bij bezetting boven capaciteit (wordt gepubliceerd): {explanation}",
        "Explanation of occupancy above places (published): {explanation}",
    ),
    "review_queue_intro": (
        "'Vervangt' is het cijfer dat nu vaststaat voor dezelfde voorziening of gemeente en maat (geverifieerd of "
        "uit een bron), met peildatum en status; bij een correctie op dezelfde peildatum de invoer die zij "
        "corrigeert. Van een gecorrigeerde invoer wordt alleen de nieuwste beoordeeld.",
        "'Replaces' is the figure established now for the same facility or municipality and measure (verified or "
        "from a source), with its reference date and status; for a correction on the same reference date, the "
        "entry it corrects. Of a corrected entry only the newest is reviewed.",
    ),
    "review_no_earlier": ("geen eerder cijfer", "no earlier figure"),
    "review_corrects": ("corrigeert {earlier}", "corrects {earlier}"),
    "review_earlier_is_newer": ("{earlier} (is nieuwer)", "{earlier} (is newer)"),
    "review_state_open": ("ja", "yes"),
    # The intro says that a correction is for the same reference date: the cell stays short.
    "review_state_superseded": ("nee: gecorrigeerd tot {value}", "no: corrected to {value}"),
    "review_chosen": (
        "Gekozen: {subject}, {figure} (sleutel `{figure_key}`).",
        "Chosen: {subject}, {figure} (key `{figure_key}`).",
    ),
    "review_superseded_chosen": (
        "Deze invoer is gecorrigeerd tot {value} op dezelfde peildatum; beoordeel de nieuwste invoer.",
        "This entry was corrected to {value} on the same reference date; review the newest entry.",
    ),
    "review_verified_done": ("Geverifieerd: {subject}, {figure}.", "Verified: {subject}, {figure}."),
    "review_rejected_done": (
        "Afgewezen: {subject}, {figure}. De reden wordt gepubliceerd.",
        "Rejected: {subject}, {figure}. The reason is published.",
    ),
    "review_stale": (
        "De gekozen regel staat niet meer in de lijst (die is intussen veranderd); er is niets veranderd. "
        "Kies opnieuw.",
        "The chosen row is no longer in the list (it changed meanwhile); nothing was changed. Choose again.",
    ),
    "review_already": (
        "{figure} is al beoordeeld door {organisation}: {decision} op {when}. Er is niets veranderd.",
        "{figure} was already reviewed by {organisation}: {decision} on {when}. Nothing was changed.",
    ),
    "review_failed": (
        "De beoordeling kon niet worden opgeslagen door een fout op de server; er is niets veranderd.",
        "The review could not be saved because of an error on the server; nothing was changed.",
    ),
    "field_figure": ("Cijfer", "Figure"),
    "problem_superseded": (
        "{figure} is gecorrigeerd door een nieuwere invoer voor dezelfde peildatum ({newer}); beoordeel die",
        "{figure} was corrected by a newer entry for the same reference date ({newer}); review that one",
    ),
}
