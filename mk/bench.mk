# make bench: figures, never timed tests (tools/bench/bench.sh, docs/benchmarks.md).
.PHONY: bench
bench: deps-bench
	@$(MAKE) --no-print-directory all $(BUILD)/tools/testsrv $(BUILD)/tools/gen_log
	sh tools/bench/bench.sh $(BUILD)

deps-bench:
	@sh tools/deps.sh bench
