// SPDX-License-Identifier: GPL-2.0
/*
 * pageout MIB [FILE]: maps MIB MiB of anonymous memory, fills every page
 * half with pseudo-random bytes and half with zeros (about 2:1 with lzo),
 * pushes it to swap with MADV_PAGEOUT, prints FILE (a counter file such as
 * /sys/block/zram0/mm_stat) while the memory is still held, and exits,
 * which frees its swap slots.  Exit status 0 if every page was in swap.
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <unistd.h>

#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#define PM_SWAP (UINT64_C(1) << 62)

static unsigned long in_swap(char *addr, unsigned long pages, long psz)
{
	unsigned long n = 0, i;
	uint64_t e;
	int fd = open("/proc/self/pagemap", O_RDONLY);

	if (fd < 0)
		return 0;
	for (i = 0; i < pages; i++) {
		off_t off = ((uintptr_t)addr / psz + i) * sizeof(e);

		if (pread(fd, &e, sizeof(e), off) == sizeof(e) && (e & PM_SWAP))
			n++;
	}
	close(fd);
	return n;
}

int main(int argc, char **argv)
{
	long psz = sysconf(_SC_PAGESIZE);
	unsigned long pages, i, swapped = 0;
	uint32_t x = 2463534242u;
	cpu_set_t all, one;
	char *addr, buf[4096];
	int try, cpu = -1;
	ssize_t len;
	FILE *f;

	if (argc < 2 || atol(argv[1]) <= 0) {
		fprintf(stderr, "usage: pageout MIB [FILE]\n");
		return 2;
	}
	pages = atol(argv[1]) * (1UL << 20) / psz;
	addr = mmap(NULL, pages * psz, PROT_READ | PROT_WRITE,
		    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (addr == MAP_FAILED) {
		perror("pageout: mmap");
		return 1;
	}
	for (i = 0; i < pages * psz / 2; i += 4) {
		uint32_t *w = (uint32_t *)(addr + (i / (psz / 2)) * psz + i % (psz / 2));

		x ^= x << 13;
		x ^= x >> 17;
		x ^= x << 5;
		*w = x;
	}
	/*
	 * Pages still in another CPU's LRU batch are out of MADV_PAGEOUT's
	 * reach: retry from each CPU in turn.
	 */
	sched_getaffinity(0, sizeof(all), &all);
	for (try = 0; try < 20 && swapped < pages; try++) {
		if (try) {
			do
				cpu = (cpu + 1) % CPU_SETSIZE;
			while (!CPU_ISSET(cpu, &all));
			CPU_ZERO(&one);
			CPU_SET(cpu, &one);
			sched_setaffinity(0, sizeof(one), &one);
		}
		madvise(addr, pages * psz, MADV_PAGEOUT);
		swapped = in_swap(addr, pages, psz);
	}
	sched_setaffinity(0, sizeof(all), &all);
	if (argc > 2 && (f = fopen(argv[2], "r"))) {
		while ((len = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, len, stdout);
		fclose(f);
	}
	fflush(stdout);
	if (swapped < pages) {
		fprintf(stderr, "pageout: %lu of %lu pages not in swap\n",
			pages - swapped, pages);
		return 1;
	}
	return 0;
}
