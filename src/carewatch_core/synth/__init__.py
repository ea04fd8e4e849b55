"""Seeded generators of realistic multi-source lists with known truth.

- ``generate_person_lists(n_people, n_lists, seed) -> (records, truth)``: people killed
  (health workers and civilians, 2–4 part Arabic names in Arabic script and in each
  source's romanisation, typos, missing parts, age and date noise, duplicates within a
  list, correlated capture). ``truth`` maps record id to person id. ``shape=REAL_SHAPE`` (or
  another ``Shape``) adds real lists' habits: one script per list, no date of death, ages
  unknown, a list re-released re-spelled.
- ``generate_incident_lists(n_incidents, n_lists, seed) -> (records, truth)``: attacks
  on health care as several sources report them. ``truth`` maps record id to incident id.

Records are ``carewatch_core.linkage.records.PersonRecord`` / ``IncidentRecord``, the
types the linkers read. Tests and benchmarks share these generators.
"""

from carewatch_core.synth.incidents import generate_incident_lists
from carewatch_core.synth.people import REAL_SHAPE, Shape, generate_person_lists

__all__ = ["REAL_SHAPE", "Shape", "generate_incident_lists", "generate_person_lists"]
