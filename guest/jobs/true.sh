# Smoke boot: proves the kernel reaches userspace.
echo alive
