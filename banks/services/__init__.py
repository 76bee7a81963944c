"""Every write of the banks app, as small functions taking `now`."""
