# The front door.  Every target installs the Debian packages it needs.
SHELL := /bin/sh
S := scripts

.PHONY: help demo check stress mutants bench bench-grid bench-fast bench-repeat microbench pressure baseline tree export vm clean

help:
	@echo "make demo      fetch 7.3, apply the series, build, boot, run the benchmark once"
	@echo "make check     apply, checkpatch, build every patch, boot and verify (N passed, N failed)"
	@echo "make stress    debug kernel under swap_stress and disturbances (DURATION=seconds,"
	@echo "              SANITIZER=kasan or kcsan)"
	@echo "make mutants   every planted bug in tests/mutants/ must fail the guest check"
	@echo "make bench     the record: interleaved A/B runs of base, each stage of the series and"
	@echo "              the series, every level of every workload dimension (about 1.5 h under TCG)"
	@echo "make bench-grid  every combination of them, or those SIZES PROCS MODES DATA SWAP"
	@echo "              FOLIOS KERNELS BOOTS RUNS name (all of them: days under TCG)"
	@echo "make bench-fast  base and series at 256 MiB, 1 and 2 processes"
	@echo "make bench-repeat  bench-fast twice, and whether the ratios repeat within their spread"
	@echo "make microbench  zs_free() against zs_freeq_push() and the drain, per object (KUnit)"
	@echo "make pressure  global reclaim with the free queue on and off (bench/results/<date>-pressure.md)"
	@echo "make baseline  the unpatched kernel alone (bench/results/<date>-baseline.md)"
	@echo "make tree      build/linux: base tag + branch series (RESET=1 rebuilds it)"
	@echo "make export    build/linux branch series -> series/v7.3 (signed off by your git identity)"
	@echo "make vm        a shell in the patched guest (exit with Ctrl-a x)"
	@echo "make clean     remove build/ (the downloaded .deb stays cached)"

tree:
	@sh $(S)/prepare-tree.sh

export:
	@sh $(S)/export-series.sh

kernel: tree
	@sh $(S)/build-kernel.sh build/linux build/obj/series
	@sh $(S)/build-tests.sh build/linux build/progs/series
	@sh $(S)/make-initramfs.sh build/progs/series build/initramfs-series.cpio.gz

demo: kernel
	@sh $(S)/run-vm.sh build/obj/series/arch/x86/boot/bzImage build/initramfs-series.cpio.gz \
		build/logs/demo.log zsjob=demo

vm: kernel
	@VM_SHELL=1 sh $(S)/run-vm.sh build/obj/series/arch/x86/boot/bzImage \
		build/initramfs-series.cpio.gz build/logs/vm.log

check:
	@sh tests/check.sh

DURATION ?= 3600
SANITIZER ?= kasan
stress: tree
	@SANITIZER=$(SANITIZER) sh $(S)/stress.sh $(DURATION)

mutants:
	@sh tests/mutants.sh

bench: tree
	@sh $(S)/bench-record.sh

bench-grid: tree
	@sh $(S)/bench.sh

bench-fast: tree
	@FAST=1 sh $(S)/bench.sh

DAY := $(shell date +%Y-%m-%d)
bench-repeat: tree
	@FAST=1 NAME=$(DAY)-fast-1 sh $(S)/bench.sh
	@FAST=1 NAME=$(DAY)-fast-2 sh $(S)/bench.sh
	@python3 $(S)/bench-repeat.py bench/results/$(DAY)-fast-repeat.md \
		bench/results/raw/$(DAY)-fast-1 bench/results/raw/$(DAY)-fast-2

microbench: kernel
	@sh $(S)/microbench.sh

pressure: tree
	@sh $(S)/pressure.sh

baseline: tree
	@KERNELS=base NAME=$(DAY)-baseline PROCS='1 2' MODES=munmap DATA=words SWAP=zram FOLIOS=4k \
		sh $(S)/bench.sh

clean:
	rm -rf build
