# `make install` also installs the man page and the bash completion
# (PREFIX and DESTDIR as for the binary).
MANDIR     ?= $(PREFIX)/share/man
BASHCOMPDIR ?= $(PREFIX)/share/bash-completion/completions

.PHONY: install-man install-completion
# `make uninstall` removes exactly what install put there (same PREFIX and
# DESTDIR), and nothing else.
install: install-man install-completion

install-man: docs/oqsdiag.1
	install -d $(DESTDIR)$(MANDIR)/man1
	install -m 644 docs/oqsdiag.1 $(DESTDIR)$(MANDIR)/man1/oqsdiag.1

install-completion: completion/oqsdiag.bash
	install -d $(DESTDIR)$(BASHCOMPDIR)
	install -m 644 completion/oqsdiag.bash $(DESTDIR)$(BASHCOMPDIR)/oqsdiag

uninstall:
	rm -f $(DESTDIR)$(PREFIX)/bin/oqsdiag $(DESTDIR)$(MANDIR)/man1/oqsdiag.1 \
	    $(DESTDIR)$(BASHCOMPDIR)/oqsdiag
