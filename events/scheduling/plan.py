"""A schedule being built: who meets whom in which slot, with the counts every rule needs.

The greedy, the optimiser and the re-plan all add and remove meetings through a `Plan`,
so "may these two meet in this slot" is answered in one place. The checker does not use
it: it recounts everything from the finished list of meetings.
"""

from __future__ import annotations

from collections.abc import Iterable

from .problem import Meeting, Problem


class Plan:
    def __init__(
        self,
        problem: Problem,
        *,
        first_open_slot: int = 0,
        fixed: Iterable[Meeting] = (),
    ) -> None:
        self.problem = problem
        self.first_open_slot = first_open_slot
        open_slots = problem.open_slots()
        self.open = sorted(s for s in open_slots if s >= first_open_slot)
        self.present = {
            p.id: frozenset(s for s in p.present if s in open_slots and s >= first_open_slot)
            for p in problem.participants
        }
        self.tables = {p.id: p.tables for p in problem.participants}
        self.max = {p.id: p.max_meetings for p in problem.participants}
        self.slot_used = [0] * problem.slots
        self.jobseeker_at: dict[str, dict[int, str]] = {p.id: {} for p in problem.jobseekers}
        self.employer_at: dict[str, list[int]] = {
            p.id: [0] * problem.slots for p in problem.employers
        }
        self.count = {p.id: 0 for p in problem.participants}
        self.slot_of: dict[tuple[str, str], int] = {}
        # The pairs meeting in each slot, for moves that look at one slot.
        self.in_slot: list[set[tuple[str, str]]] = [set() for _ in range(problem.slots)]
        # Meetings that may not move or go: already held, or kept from an announced plan.
        self.fixed: dict[tuple[str, str], Meeting] = {}
        for m in fixed:
            self.add(m.employer, m.jobseeker, m.slot)
            self.fixed[(m.employer, m.jobseeker)] = m

    def fits(self, employer: str, jobseeker: str, slot: int) -> bool:
        """The two can meet in this slot without breaking a rule (besides "no thanks")."""
        return (
            slot in self.present[employer]
            and slot in self.present[jobseeker]
            and self.slot_used[slot] < self.problem.tables[slot]
            and slot not in self.jobseeker_at[jobseeker]
            and self.employer_at[employer][slot] < self.tables[employer]
            and self.count[employer] < self.max[employer]
            and self.count[jobseeker] < self.max[jobseeker]
            and (employer, jobseeker) not in self.slot_of
        )

    def first_fitting_slot(self, employer: str, jobseeker: str) -> int | None:
        if (employer, jobseeker) in self.slot_of:
            return None
        if (
            self.count[employer] >= self.max[employer]
            or self.count[jobseeker] >= (self.max[jobseeker])
        ):
            return None
        for slot in sorted(self.present[employer] & self.present[jobseeker]):
            if self.fits(employer, jobseeker, slot):
                return slot
        return None

    def add(self, employer: str, jobseeker: str, slot: int) -> None:
        self.slot_used[slot] += 1
        self.jobseeker_at[jobseeker][slot] = employer
        self.employer_at[employer][slot] += 1
        self.count[employer] += 1
        self.count[jobseeker] += 1
        self.slot_of[(employer, jobseeker)] = slot
        self.in_slot[slot].add((employer, jobseeker))

    def remove(self, employer: str, jobseeker: str) -> int:
        slot = self.slot_of.pop((employer, jobseeker))
        self.in_slot[slot].discard((employer, jobseeker))
        self.slot_used[slot] -= 1
        del self.jobseeker_at[jobseeker][slot]
        self.employer_at[employer][slot] -= 1
        self.count[employer] -= 1
        self.count[jobseeker] -= 1
        return slot

    def objective(self) -> int:
        return self.problem.objective(
            Meeting(slot, 0, employer, jobseeker)
            for (employer, jobseeker), slot in self.slot_of.items()
        )

    def meetings(self) -> list[Meeting]:
        """The meetings with table numbers: fixed ones keep theirs, an employer keeps its
        table from one slot to the next where it can (recruiters stay seated)."""
        by_slot: dict[int, list[tuple[str, str]]] = {}
        for pair, slot in self.slot_of.items():
            by_slot.setdefault(slot, []).append(pair)
        result: list[Meeting] = []
        last_tables: dict[str, list[int]] = {}
        for slot in sorted(by_slot):
            taken: set[int] = set()
            placed: dict[tuple[str, str], int] = {}
            for pair in by_slot[slot]:
                kept = self.fixed.get(pair)
                if kept is not None and kept.table >= 1 and kept.table not in taken:
                    placed[pair] = kept.table
                    taken.add(kept.table)
            waiting = sorted(pair for pair in by_slot[slot] if pair not in placed)
            still: list[tuple[str, str]] = []
            for pair in waiting:
                wanted = [t for t in last_tables.get(pair[0], []) if t not in taken]
                if wanted:
                    placed[pair] = wanted[0]
                    taken.add(wanted[0])
                else:
                    still.append(pair)
            free = (t for t in range(1, self.problem.tables[slot] + 1) if t not in taken)
            for pair in still:
                placed[pair] = next(free)
            tables_now: dict[str, list[int]] = {}
            for (employer, jobseeker), table in sorted(placed.items(), key=lambda x: x[1]):
                result.append(Meeting(slot, table, employer, jobseeker))
                tables_now.setdefault(employer, []).append(table)
            last_tables.update(tables_now)
        return result
