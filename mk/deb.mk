# make deb: a Debian package of oqsdiag (binary, man page, bash completion,
# the KB entries under /usr/share/oqsdiag/kb for reading and for --kb) staged
# by `make install` (PREFIX=/usr) and built with dpkg-deb: no debhelper.
# Depends: the packages that own the libraries the binary links, as
# dpkg-shlibdeps would find them. tests/cmd/test_build.c installs it into a
# private dpkg root and removes it again.
DEB_VERSION := $(shell sed -n 's/^\#define OQSDIAG_VERSION "\(.*\)"/\1/p' core/version.h)
DEB_ARCH    := $(shell dpkg --print-architecture 2>/dev/null || echo amd64)
DEB_STAGE    = $(BUILD)/deb
DEB_FILE     = $(BUILD)/oqsdiag_$(DEB_VERSION)_$(DEB_ARCH).deb

.PHONY: deb
deb: $(BUILD)/oqsdiag
	@command -v dpkg-deb >/dev/null || { echo "oqsdiag: make deb needs dpkg-deb (Debian)" >&2; exit 1; }
	rm -rf $(DEB_STAGE)
	$(MAKE) --no-print-directory -o $(BUILD)/oqsdiag install DESTDIR=$(abspath $(DEB_STAGE)) PREFIX=/usr
	install -d $(DEB_STAGE)/usr/share/oqsdiag/kb $(DEB_STAGE)/DEBIAN
	install -m 644 $(KB_FILES) $(FIX_FILES) $(DEB_STAGE)/usr/share/oqsdiag/kb/
	gzip -9n $(DEB_STAGE)/usr/share/man/man1/oqsdiag.1
	@deps=$$(for lib in $$(objdump -p $(BUILD)/oqsdiag | awk '/NEEDED/{print $$2}'); do \
	    p=$$(ldd $(BUILD)/oqsdiag | awk -v l="$$lib" '$$1 == l {print $$3}'); \
	    dpkg -S "$$p" 2>/dev/null || dpkg -S "/usr$$p" 2>/dev/null || dpkg -S "$${p#/usr}" 2>/dev/null; \
	  done | cut -d: -f1 | sort -u | paste -sd, - | sed 's/,/, /g'); \
	{ echo "Package: oqsdiag"; echo "Version: $(DEB_VERSION)"; echo "Architecture: $(DEB_ARCH)"; \
	  echo "Maintainer: oqsdiag maintainers <oqsdiag@localhost>"; echo "Section: admin"; \
	  echo "Priority: optional"; echo "Depends: $$deps"; \
	  echo "Installed-Size: $$(du -sk $(DEB_STAGE)/usr | cut -f1)"; \
	  echo "Description: diagnose the OQS linkage-application server"; \
	  echo " Probes, local checks and a knowledge base for the server that connects a"; \
	  echo " clinic or pharmacy to the online eligibility confirmation system (OQS)."; \
	} > $(DEB_STAGE)/DEBIAN/control
	dpkg-deb --root-owner-group --build $(DEB_STAGE) $(DEB_FILE)
