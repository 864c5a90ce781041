# valgrind memcheck over every test binary of the normal build (docs/hardening.md).
# Any invalid read or write, use of uninitialised memory, or leak (definite,
# indirect or possible) fails the run. Not part of `make test` (it is slow);
# run it before landing changes to memory handling.
.PHONY: valgrind
valgrind: deps-test
	@$(MAKE) --no-print-directory $(BUILD)/oqsdiag $(TEST_BIN) $(FUZZ_REPLAY)
	@sh tools/valgrind.sh $(BUILD)
