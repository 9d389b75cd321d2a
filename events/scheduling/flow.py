"""Choosing pairs without slots: a min-cost flow (b-matching) solved by OR-Tools.

source → jobseeker → employer → room → sink. A jobseeker's arc from the source is split
in three (first meeting, second meeting, the rest) so the fairness bonus of the first
and second meeting is a concave cost the flow can carry; a pair's arc has capacity 1
and the pair's value as its (negated) cost; an employer carries at most its tables
times the slots it is there (and its maximum); the room carries the tables of all open
slots. Any schedule is such a flow, so the optimum is an upper bound on every
schedule; the optimiser uses the chosen pairs as the meetings to place.
"""

from __future__ import annotations

from ortools.graph.python import min_cost_flow

from .plan import Plan


def flow_pairs(plan: Plan, pairs: dict[tuple[str, str], int]) -> tuple[list[tuple[str, str]], int]:
    """The pairs of a best flow over the plan's free capacity, and that flow's value.

    Meetings already in the plan stay; the value includes the fairness bonus the new
    pairs add to jobseekers who already have meetings.
    """
    problem = plan.problem
    weights = problem.weights
    free_slots = {
        p: [
            s for s in plan.present[p] if not (p in plan.jobseeker_at and s in plan.jobseeker_at[p])
        ]
        for p in plan.present
    }
    graph = min_cost_flow.SimpleMinCostFlow()
    source, room, sink = 0, 1, 2
    node: dict[str, int] = {}
    for p in problem.participants:
        node[p.id] = len(node) + 3
    room_capacity = sum(problem.tables[s] - plan.slot_used[s] for s in plan.open)
    for jobseeker in problem.jobseekers:
        jid = jobseeker.id
        capacity = min(plan.max[jid] - plan.count[jid], len(free_slots[jid]))
        done = plan.count[jid]
        # Step by step, so each unit of flow earns the bonus of the meeting it becomes.
        for step in range(capacity):
            gain = weights.bonus(done + step + 1) - weights.bonus(done + step)
            if gain > 0:
                graph.add_arc_with_capacity_and_unit_cost(source, node[jid], 1, -gain)
            else:
                graph.add_arc_with_capacity_and_unit_cost(source, node[jid], capacity - step, 0)
                break
    for employer in problem.employers:
        eid = employer.id
        capacity = min(
            plan.max[eid] - plan.count[eid],
            sum(
                min(
                    plan.tables[eid] - plan.employer_at[eid][s],
                    problem.tables[s] - plan.slot_used[s],
                )
                for s in plan.present[eid]
            ),
        )
        if capacity > 0:
            graph.add_arc_with_capacity_and_unit_cost(node[eid], room, capacity, 0)
    graph.add_arc_with_capacity_and_unit_cost(room, sink, max(room_capacity, 0), 0)
    arcs: dict[int, tuple[str, str]] = {}
    for (employer, jobseeker), value in pairs.items():
        if (employer, jobseeker) in plan.slot_of:
            continue
        arc = graph.add_arc_with_capacity_and_unit_cost(node[jobseeker], node[employer], 1, -value)
        arcs[arc] = (employer, jobseeker)
    # Flow may stop anywhere: whatever the network cannot use goes straight to the sink.
    supply = max(room_capacity, 0)
    graph.add_arc_with_capacity_and_unit_cost(source, sink, supply, 0)
    graph.set_node_supply(source, supply)
    graph.set_node_supply(sink, -supply)
    status = graph.solve()
    if status != graph.OPTIMAL:
        raise RuntimeError(f"min-cost flow ended with status {status}")
    chosen = [pair for arc, pair in arcs.items() if graph.flow(arc) > 0]
    return chosen, -graph.optimal_cost()


def upper_bound(plan: Plan, pairs: dict[tuple[str, str], int]) -> int:
    """No schedule that keeps the plan's meetings is worth more than this."""
    _, value = flow_pairs(plan, pairs)
    return plan.objective() + value
