// SPDX-License-Identifier: GPL-2.0
/*
 * rt PRIO CPU|- COMMAND [ARG...]: runs COMMAND with SCHED_FIFO priority
 * PRIO, on CPU alone unless "-".  busybox has no chrt; the guest checks
 * use this to keep kworkers (the free queue's drain) off the CPUs while a
 * test holds a window open.
 */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct sched_param sp = { 0 };
	cpu_set_t one;

	if (argc < 4) {
		fprintf(stderr, "usage: rt PRIO CPU|- COMMAND [ARG...]\n");
		return 2;
	}
	sp.sched_priority = atoi(argv[1]);
	if (strcmp(argv[2], "-")) {
		CPU_ZERO(&one);
		CPU_SET(atoi(argv[2]), &one);
		if (sched_setaffinity(0, sizeof(one), &one)) {
			perror("rt: sched_setaffinity");
			return 1;
		}
	}
	if (sched_setscheduler(0, SCHED_FIFO, &sp)) {
		perror("rt: sched_setscheduler");
		return 1;
	}
	execvp(argv[3], argv + 3);
	perror("rt: exec");
	return 127;
}
