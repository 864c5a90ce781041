# make bench: figures, never timed tests (tools/bench/bench.sh, docs/benchmarks.md).
.PHONY: bench
bench: deps-bench
	@$(MAKE) --no-print-directory all $(BUILD)/tools/testsrv $(BUILD)/tools/gen_log $(BUILD)/tools/bench_doctor
	sh tools/bench/bench.sh $(BUILD)

deps-bench:
	@sh tools/deps.sh bench

# doctor with the test double's commands taking 1 s each (tools/bench/bench_doctor.c).
$(BUILD)/tools/bench_doctor: tools/bench/bench_doctor.c $(LIB) $(PLAT_OBJ)
	@mkdir -p $(dir $@)
	$(CC) $(ALL_CFLAGS) $< -o $@ $(LIB) $(PLAT_OBJ) $(LDFLAGS) $(LIBS)
