<?xml version="1.0" encoding="UTF-8"?>
<!-- A "rule set" that produces no SVRL at all: the validator must call this a
     toolchain failure (exit 2), never a pass. -->
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform" version="2.0">
  <xsl:template match="/"><nothing/></xsl:template>
</xsl:stylesheet>
