<?xml version="1.0" encoding="UTF-8"?>
<!-- A rule set whose rules match nothing in the document (as when rules are
     written for another namespace): its SVRL is well-formed but empty, and the
     validator must call that a toolchain failure (exit 2), never a pass. -->
<xsl:stylesheet xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
                xmlns:svrl="http://purl.oclc.org/dsdl/svrl" version="2.0">
  <xsl:template match="/">
    <svrl:schematron-output title="matches nothing">
      <svrl:active-pattern id="nothing"/>
    </svrl:schematron-output>
  </xsl:template>
</xsl:stylesheet>
