"""The city's talent insights: industrial chains, firm grades, demand map and shortage catalogue."""
