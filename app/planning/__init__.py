"""Planning: demand, the CP-SAT roster planner, publication to the attendance schedule."""
