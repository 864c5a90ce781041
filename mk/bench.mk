# make bench: figures, never timed tests (tools/bench/bench.sh, docs/benchmarks.md).
.PHONY: bench
$(BUILD)/tools/bench/blackhole: tools/bench/blackhole.c
	@mkdir -p $(dir $@)
	$(CC) -std=c11 -D_DEFAULT_SOURCE -Wall -Wextra -O1 $< -o $@

bench: deps-bench
	@$(MAKE) --no-print-directory all $(BUILD)/tools/bench/blackhole $(wildcard $(BUILD)/tools/gen_log)
	sh tools/bench/bench.sh $(BUILD)

deps-bench:
	@sh tools/deps.sh bench
