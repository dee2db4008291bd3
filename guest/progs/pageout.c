// SPDX-License-Identifier: GPL-2.0
/*
 * pageout MIB [FILE]: maps MIB MiB of anonymous memory, fills every page
 * half with pseudo-random bytes and half with zeros (about 2:1 with lzo),
 * pushes it to swap with MADV_PAGEOUT, prints FILE (a counter file such as
 * /sys/block/zram0/mm_stat) while the memory is still held, and exits,
 * which frees its swap slots.  Exit status 0 if every page was in swap.
 * Built with -I tools/testing/selftests/zram of the series, for swap_util.h.
 */
#define _GNU_SOURCE
#include <stdio.h>
#include <stdlib.h>

#include "swap_util.h"

int main(int argc, char **argv)
{
	long psz = sysconf(_SC_PAGESIZE);
	unsigned long pages, i;
	uint32_t x = 2463534242u;
	char *addr, buf[4096];
	long swapped;
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
	swapped = page_out_all(addr, pages, psz, 20);
	if (argc > 2 && (f = fopen(argv[2], "r"))) {
		while ((len = fread(buf, 1, sizeof(buf), f)) > 0)
			fwrite(buf, 1, len, stdout);
		fclose(f);
	}
	fflush(stdout);
	if (swapped < (long)pages) {
		fprintf(stderr, "pageout: %lu of %lu pages not in swap\n",
			pages - (swapped < 0 ? 0 : swapped), pages);
		return 1;
	}
	return 0;
}
